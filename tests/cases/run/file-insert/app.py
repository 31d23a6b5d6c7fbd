import os

def fetch(url):
    return None

def store(path):
    return path

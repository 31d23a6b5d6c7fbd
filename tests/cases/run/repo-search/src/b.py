# retries = 3
RETRIES = 4

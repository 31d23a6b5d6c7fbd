name = "café ÿþ ok"
print(name)  # Ã

RETRIES = 3
NAME = "svc"

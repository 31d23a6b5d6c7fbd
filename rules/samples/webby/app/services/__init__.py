from app.services import orders, users
from app.services.orders import Orders

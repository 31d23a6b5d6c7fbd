"""Order pages."""
import logging

import webby
from webby import Element, html, inject, Provide, route, view

from app import services
from app.db import db

logger = logging.getLogger(__name__)


@view
def order_row(order) -> Element:
    return html(f"<tr><td>{order.id}</td><td>{order.total:.2f}</td></tr>")


@view
def order_table(orders):
    rows = "".join(str(order_row(o)) for o in orders)
    return html(f"<table>{rows}</table>")


@view(cache=30)
def order_page(user) -> Element:
    orders = db.query("select * from orders where user_id = ?", user.id)
    title = f"Orders of {user.name}"
    logger.info(f"rendering {len(orders)} orders")
    return html(f"<h1>{title}</h1>") + order_table(orders)


@webby.view
def summary(user) -> webby.Element:
    return html(
        f"<p>{user.name}: "
        f"{services.orders.count_for(user)} orders</p>"
    )


@route("/orders")
@inject
async def list_orders(request, *, orders=Provide[services.Orders]):
    return order_page(await orders.for_user(request.user))


@route("/orders/<id>")
@inject
def show_order(request, id, orders=Provide[services.Orders]):
    return order_row(orders.get(id))


@webby.view
def receipt(order) -> str:
    def lines():
        return order.request.db.fetch_lines(order.id)
    return html("<pre>" + "\n".join(lines()) + "</pre>")

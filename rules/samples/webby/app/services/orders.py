"""Order services: the only layer that talks to the database."""
from webby import inject, Provide

from app.db import db, Cache


class Orders:
    @inject
    def __init__(self, *, cache: Cache = Provide[Cache]):
        self.cache = cache

    async def for_user(self, user):
        key = f"orders:{user.id}"
        if key not in self.cache:
            self.cache[key] = db.query("select * from orders where user_id = ?", user.id)
        return self.cache[key]

    def get(self, id):
        return db.query_one("select * from orders where id = ?", id)


@inject
def count_for(user, cache: Cache = Provide[Cache]):
    return len(cache.get(f"orders:{user.id}", []))


@inject()
def export(user, /, fmt="csv", *args, db=Provide[db]):
    return db.export(user.id, fmt)

"""Profile pages."""
from webby import Element, html, route, view
from webby.cache import viewport

from app import services


@view
def avatar(user) -> Element:
    return html(f'<img src="{user.avatar_url}" alt="{user.name}">')


@viewport(width=600)
def narrow(user):
    return f"{user.name}"


@view
def profile(user) -> "Element":
    bio = user.bio or f"no bio yet"
    return html(f"<div>{avatar(user)}<p>{bio}</p></div>")


@route("/profile")
async def show_profile(request):
    return profile(await services.users.current(request))


@route("/profile/edit")
def edit_profile(request):
    return profile(services.users.current_sync(request))

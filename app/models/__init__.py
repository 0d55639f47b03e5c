"""All models, imported here so metadata and migrations see every table."""

from app.models.base import Base
from app.models.catalog import Category, Product
from app.models.events import Event
from app.models.members import Member, MemberTag
from app.models.orders import Order, OrderItem
from app.models.users import ApiToken, User

__all__ = [
    "ApiToken",
    "Base",
    "Category",
    "Event",
    "Member",
    "MemberTag",
    "Order",
    "OrderItem",
    "Product",
    "User",
]

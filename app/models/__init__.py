"""All models, imported here so metadata and migrations see every table."""

from app.models.alerts import Alert, AlertMonitor, AlertRead
from app.models.attribution import JourneyTouch, OrderAttribution
from app.models.audiences import Audience, RfmRefresh, TagDefinition
from app.models.base import Base
from app.models.catalog import Category, Product
from app.models.code_pools import CodePool, CodePoolAlert, PoolCode
from app.models.coupon_grants import Coupon, CouponEvent
from app.models.coupons import CouponTemplate
from app.models.dashboard import (
    DashboardChannelDay,
    DashboardDay,
    DashboardGapDay,
    DashboardJourneyDay,
    DashboardMemberDay,
    DashboardSnapshot,
    DashboardSourceDay,
    DashboardSourceGapDay,
)
from app.models.events import Event
from app.models.forecasts import JourneyForecast
from app.models.journeys import Journey, JourneyVersion
from app.models.members import Member, MemberTag
from app.models.messages import ChannelConfig, MessageTemplate
from app.models.orders import Order, OrderItem
from app.models.outbox import DeliveryEvent, InboxMessage, OutboxMessage, Suppression
from app.models.points import (
    EarningRule,
    PointsEntry,
    PointsMultiplier,
    TierChange,
    TierLevel,
)
from app.models.predictions import MemberPrediction, MemberReplenishment, PredictionRefresh
from app.models.program import ProgramSetting
from app.models.recommendations import (
    MemberRecommendation,
    ProductPair,
    RecommendationEvaluation,
)
from app.models.referrals import LotteryDraw, Referral, ReferralRefusal
from app.models.reports import (
    JourneyArmTotal,
    JourneyCouponDay,
    JourneyCreditDay,
    JourneyEntryDay,
    JourneyMessageDay,
)
from app.models.rewards import Reward, RewardRedemption
from app.models.runs import (
    JourneyConversion,
    JourneyExperiment,
    JourneyHeldEvent,
    JourneyMember,
    JourneySplitMember,
    JourneyStep,
    JourneyStepCount,
)
from app.models.send_times import MemberSendTime
from app.models.users import ApiToken, User

__all__ = [
    "JourneyForecast",
    "MemberRecommendation",
    "ProductPair",
    "RecommendationEvaluation",
    "Alert",
    "AlertMonitor",
    "AlertRead",
    "DashboardChannelDay",
    "DashboardDay",
    "DashboardGapDay",
    "DashboardJourneyDay",
    "DashboardMemberDay",
    "DashboardSnapshot",
    "DashboardSourceDay",
    "DashboardSourceGapDay",
    "CodePool",
    "CodePoolAlert",
    "LotteryDraw",
    "PoolCode",
    "Referral",
    "ReferralRefusal",
    "Audience",
    "JourneyTouch",
    "OrderAttribution",
    "ChannelConfig",
    "Coupon",
    "CouponEvent",
    "CouponTemplate",
    "DeliveryEvent",
    "EarningRule",
    "InboxMessage",
    "OutboxMessage",
    "PointsEntry",
    "PointsMultiplier",
    "ProgramSetting",
    "Reward",
    "RewardRedemption",
    "Suppression",
    "TierChange",
    "TierLevel",
    "Journey",
    "JourneyConversion",
    "JourneyCouponDay",
    "JourneyArmTotal",
    "JourneyCreditDay",
    "JourneyEntryDay",
    "JourneyMessageDay",
    "JourneyExperiment",
    "JourneyHeldEvent",
    "JourneyMember",
    "JourneyStep",
    "JourneySplitMember",
    "JourneyStepCount",
    "JourneyVersion",
    "MemberPrediction",
    "MemberReplenishment",
    "MemberSendTime",
    "MessageTemplate",
    "PredictionRefresh",
    "RfmRefresh",
    "TagDefinition",
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

"""Names shared by the rules modules (glossary.md): bodies, posts, voting rounds.

Post order is the allocation order of B20 (director → deputy → members; a separate women-member
post, B21, ranks above ordinary members) and the precedence of B24 (the higher post is kept).
"""

from __future__ import annotations

from enum import StrEnum


class Body(StrEnum):
    VILLAGERS_COMMITTEE = "villagers_committee"
    RESIDENTS_COMMITTEE = "residents_committee"
    PARTY_BRANCH = "party_branch"


class Post(StrEnum):
    DIRECTOR = "director"
    DEPUTY_DIRECTOR = "deputy_director"
    WOMEN_MEMBER = "women_member"
    MEMBER = "member"
    SECRETARY = "secretary"
    DEPUTY_SECRETARY = "deputy_secretary"
    COMMITTEE_MEMBER = "committee_member"


class RoundKind(StrEnum):
    FIRST = "first"
    RUNOFF = "runoff"
    TIE_REVOTE = "tie_revote"


COMMITTEE_POSTS = (Post.DIRECTOR, Post.DEPUTY_DIRECTOR, Post.WOMEN_MEMBER, Post.MEMBER)
PARTY_POSTS = (Post.SECRETARY, Post.DEPUTY_SECRETARY, Post.COMMITTEE_MEMBER)

POST_RANK: dict[Post, int] = {post: i for i, post in enumerate(COMMITTEE_POSTS + PARTY_POSTS)}

POST_ZH: dict[Post, str] = {
    Post.DIRECTOR: "主任",
    Post.DEPUTY_DIRECTOR: "副主任",
    Post.WOMEN_MEMBER: "妇女委员",
    Post.MEMBER: "委员",
    Post.SECRETARY: "书记",
    Post.DEPUTY_SECRETARY: "副书记",
    Post.COMMITTEE_MEMBER: "委员",
}
# The engine's English reasons name a post in words (deputy director), never by its key.
POST_EN: dict[Post, str] = {post: post.value.replace("_", " ") for post in Post}


def post_names(post: str) -> tuple[str, str]:
    """A post's Chinese and English names for a reason's texts; a string that is no post, as given."""
    if post in Post.__members__.values():
        return POST_ZH[Post(post)], POST_EN[Post(post)]
    return post, post


BODY_POSTS: dict[Body, tuple[Post, ...]] = {
    Body.VILLAGERS_COMMITTEE: COMMITTEE_POSTS,
    Body.RESIDENTS_COMMITTEE: COMMITTEE_POSTS,
    Body.PARTY_BRANCH: PARTY_POSTS,
}

# Near relatives (近亲属) as the profiles name them (proxy_relations, official_barred_relations), in the
# words a notice and an authorisation print (OL Art.15 ¶4; election-law.md B12, B14).
RELATION_ZH: dict[str, str] = {
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
    "sibling": "兄弟姐妹",
    "grandparent": "祖父母、外祖父母",
    "grandchild": "孙子女、外孙子女",
}


def relation_zh(relation: str) -> str:
    """A relation in Chinese; an unknown key is shown as it is."""
    return RELATION_ZH.get(relation, relation)

"""Stories remember the story they merged into (collector.story_merge), so that old links still resolve.

Revision ID: 0002_story_merges
Revises: 0001_initial
Create Date: 2026-12-04
"""
from __future__ import annotations

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002_story_merges"
down_revision: Union[str, None] = "0001_initial"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Add stories.merged_into (NULL for a story that has not merged into another)."""
    op.add_column("stories", sa.Column("merged_into", sa.Integer))


def downgrade() -> None:
    """Drop stories.merged_into."""
    with op.batch_alter_table("stories") as batch:
        batch.drop_column("merged_into")

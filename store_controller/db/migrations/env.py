from byabutik.runtime.db import run_migration_env
from store_controller.db.models import Base

run_migration_env(Base.metadata)

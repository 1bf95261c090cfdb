from backoffice.db.models import Base
from byabutik.runtime.db import run_migration_env

run_migration_env(Base.metadata)

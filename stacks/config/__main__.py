"""Print the config file's JSON Schema: ``python -m stacks.config > config/schema.json``."""

import json

from stacks.config import json_schema

print(json.dumps(json_schema(), indent=2))

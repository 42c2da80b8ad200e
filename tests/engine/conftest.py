import sys
from pathlib import Path

# golden_world is a helper module beside the tests, imported by name.
sys.path.insert(0, str(Path(__file__).resolve().parent))

# Appends an empty custom section named argv[2] to the module argv[1] (the reentrancy opt-in).
import sys
path, name = sys.argv[1], sys.argv[2].encode()
payload = bytes([len(name)]) + name
with open(path, "ab") as f:
    f.write(bytes([0, len(payload)]) + payload)

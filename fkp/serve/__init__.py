"""What only `python -m fkp serve` runs: tuning for many connections, background maintenance,
the LAN address, the demo forum."""

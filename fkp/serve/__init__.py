"""What only `python -m fkp serve` runs: the HTTP server with its deadlines and connection caps,
tuning for many connections, background maintenance, the LAN address, the demo forum."""

"""The database: connections, migrations, group commit, backup and restore."""

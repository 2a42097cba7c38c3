"""Document writers: each turns the minutes model (fkp.record.minutes.assemble) into a file's bytes."""

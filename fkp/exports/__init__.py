"""Document writers: each turns the minutes model (fkp.minutes.assemble) into a file's bytes."""

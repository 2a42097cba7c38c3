"""The revised service standard (Standar Pelayanan) written after the forum: for each service,
the final text of each of the fourteen components of PermenPANRB 15/2014, starting from the
draft the forum consulted, with the inputs and decisions that led to each change, so the
standard an office decrees can be traced back to what the public said."""

"""Views of the partner register, by area: the register itself, contacts and accounts,
invitations, interactions, imports, change requests, and the employer's own profile."""

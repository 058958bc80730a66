"""The partner register: organisations, their people and the college's ties with them."""

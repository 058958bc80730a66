"""Views of contracts, by area: the contracts themselves (list, forms, page, state, PDF), their
signatures, batches of tripartite contracts, and targeted-training obligations."""

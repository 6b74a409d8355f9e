"""The pages of official documents and of the province's figures."""

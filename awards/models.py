"""The awards app's models: the grant made for each awarded proposal and what follows it."""

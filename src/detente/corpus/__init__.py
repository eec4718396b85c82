"""detente.corpus"""

"""detente.forecast"""

"""detente.actors"""

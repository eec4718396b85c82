"""detente.time"""

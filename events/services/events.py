def reminders_send():
    return 0

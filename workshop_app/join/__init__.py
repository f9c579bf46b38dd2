"""Phones join the workshop over the room's own network: a small web server and the page it serves.

Qt-free. A host (the command line, or the GUI) creates a :class:`~workshop_app.join.server.JoinServer`
on the thread that owns the workshop, with a dispatcher that runs functions on that thread
(:class:`~workshop_app.join.dispatch.QueueDispatcher` on the command line), then ``start()``s it and
``stop()``s it before closing the workshop. ``server.room`` (a :class:`~workshop_app.join.room.JoinRoom`)
tells the console who has joined and how many answered. The HTTP contract is in ``docs/join.md``.
"""

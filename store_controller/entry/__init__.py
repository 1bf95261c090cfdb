"""Door access, wired: the pure `store_controller.door` core on the event loop and the hardware.

`install_door(app, controller)` (in `wiring`) builds the `DoorService` (relay, buzzer, alerts,
visits, audits, outbox), the `EntryDesk` (BankID logins at the door screen and from phones), the
`/door` routes and, on MockFactory pins, the `/sim/door` page. `DoorCommands` is the door's
`CommandHandler` and status for sync.
"""

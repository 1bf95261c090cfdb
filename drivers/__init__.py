"""Hardware drivers, each behind a port with a simulated twin.

Start at `drivers.factory.build_devices(config, sink=...)`: it builds every device configured in
`drivers.config.HardwareConfig` (the controller's `[hardware]` section) and returns `Devices`.
The ports (`drivers.ports`) say what each device promises; the events (`drivers.events`) are all
that flows back; `drivers.errors` is the exception tree. Nothing heavy is imported here, so
`drivers.config` stays cheap for tools that only read settings.
"""

"""Hardware configuration: which device sits where, and whether it is real or simulated.

The controller's TOML file holds this under `[hardware]`. `HardwareConfig()` with no arguments is
a fully simulated store: gpiozero's MockFactory pins, a simulated scanner and thermometer.
Pins are BCM numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from drivers.gpio.pins import PinFactoryKind
from drivers.scanners.framing import Suffix
from drivers.symbology import Symbology

Pin = Annotated[int, Field(ge=0, le=53)]
Name = Annotated[str, Field(min_length=1, max_length=40, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LockConfig(_Section):
    """A lock relay. Relay off = locked (fail-secure strike or motor lock)."""

    pin: Pin = 17
    active_high: bool = Field(default=True, description="false for active-low relay boards")
    unlock_s: float = Field(default=5.0, gt=0, description="the usual unlock window")
    max_unlock_s: float = Field(default=10.0, gt=0, le=60, description="no window is longer")

    @model_validator(mode="after")
    def _window_fits(self) -> Self:
        if self.unlock_s > self.max_unlock_s:
            raise ValueError("unlock_s must not exceed max_unlock_s")
        return self


class InputConfig(_Section):
    """A switch to GND on a pin with the internal pull-up, debounced in software."""

    pin: Pin
    debounce_s: float = Field(default=0.05, ge=0, le=2)


class SignalsConfig(_Section):
    buzzer_pin: Pin | None = 23
    green_led_pin: Pin | None = 24
    red_led_pin: Pin | None = 25
    active_high: bool = True


class SerialScannerConfig(_Section):
    kind: Literal["serial"] = "serial"
    name: Name = "kiosk"
    url: str = Field(min_length=1, description="/dev/serial/by-id/..., socket://host:port, loop://")
    baudrate: int = Field(default=9600, gt=0)
    suffix: Suffix = "CR"
    symbology_prefix: bool = Field(default=False, description="the scanner sends AIM ids (]E0)")


class HidScannerConfig(_Section):
    kind: Literal["hid"] = "hid"
    name: Name = "kiosk"
    device: str = Field(min_length=1, description="/dev/input/by-id/usb-...-event-kbd")


class CameraScannerConfig(_Section):
    kind: Literal["camera"] = "camera"
    name: Name = "camera"
    source: int | str = Field(
        default=0, description="camera index, video file, or folder of images (simulation)"
    )
    decoder: Literal["pyzbar", "zxing"] = "pyzbar"
    symbologies: tuple[Symbology, ...] = (
        Symbology.EAN13,
        Symbology.EAN8,
        Symbology.CODE128,
        Symbology.QR,
    )
    region: tuple[float, float, float, float] | None = Field(
        default=None, description="x, y, width, height as fractions of the frame"
    )
    scale: float = Field(default=1.0, gt=0, le=1, description="downscale factor before decoding")
    duplicate_window_s: float = Field(default=2.0, ge=0)
    loop: bool = Field(default=False, description="restart a video file or folder at its end")
    fps: float | None = Field(default=None, gt=0, description="pace files to this frame rate")


class SimulatedScannerConfig(_Section):
    kind: Literal["simulated"] = "simulated"
    name: Name = "kiosk"


ScannerConfig = Annotated[
    SerialScannerConfig | HidScannerConfig | CameraScannerConfig | SimulatedScannerConfig,
    Field(discriminator="kind"),
]


class Ds18b20Config(_Section):
    kind: Literal["ds18b20"] = "ds18b20"
    name: Name
    sensor_id: str = Field(pattern=r"^28-[0-9a-f]{12}$")
    base_path: Path = Path("/sys/bus/w1/devices")


class SimulatedThermometerConfig(_Section):
    kind: Literal["simulated"] = "simulated"
    name: Name = "fridge"
    celsius: float = 4.0


ThermometerConfig = Annotated[
    Ds18b20Config | SimulatedThermometerConfig, Field(discriminator="kind")
]


class HardwareConfig(_Section):
    """Every device of one store. `simulated = true` guarantees that nothing touches real
    hardware (mock pins, simulated or socket/loop scanners, simulated thermometers)."""

    simulated: bool = True
    pin_factory: PinFactoryKind = "mock"
    door_lock: LockConfig = LockConfig()
    cabinet_lock: LockConfig | None = Field(
        default=None, description="a second lock, e.g. the cabinet of age-restricted goods"
    )
    door_contact: InputConfig = InputConfig(pin=27)
    exit_button: InputConfig = InputConfig(pin=22)
    signals: SignalsConfig = SignalsConfig()
    scanners: tuple[ScannerConfig, ...] = (SimulatedScannerConfig(),)
    thermometers: tuple[ThermometerConfig, ...] = (SimulatedThermometerConfig(),)
    thermometer_interval_s: float = Field(default=60.0, gt=0)

    @model_validator(mode="after")
    def _pins_and_names_are_unique(self) -> Self:
        pins = [pin for _, pin in self.gpio_pins()]
        if len(pins) != len(set(pins)):
            raise ValueError(f"a GPIO pin is used twice: {sorted(pins)}")
        for kind, names in (
            ("scanner", [s.name for s in self.scanners]),
            ("thermometer", [t.name for t in self.thermometers]),
        ):
            if len(names) != len(set(names)):
                raise ValueError(f"{kind} names must be unique: {names}")
        return self

    @model_validator(mode="after")
    def _simulated_touches_no_hardware(self) -> Self:
        if self.simulated and (real := self.real_devices()):
            raise ValueError(f"simulated = true, but real devices are configured: {real}")
        return self

    def gpio_pins(self) -> list[tuple[str, int]]:
        """(use, BCM pin) of every configured GPIO device."""
        pins = [
            ("door_lock", self.door_lock.pin),
            ("door_contact", self.door_contact.pin),
            ("exit_button", self.exit_button.pin),
        ]
        if self.cabinet_lock is not None:
            pins.append(("cabinet_lock", self.cabinet_lock.pin))
        for use in ("buzzer_pin", "green_led_pin", "red_led_pin"):
            pin = getattr(self.signals, use)
            if pin is not None:
                pins.append((use, pin))
        return pins

    def real_devices(self) -> list[str]:
        """Names of configured devices that need real hardware."""
        real = [] if self.pin_factory == "mock" else [f"pin_factory={self.pin_factory}"]
        for scanner in self.scanners:
            if _is_real_scanner(scanner):
                real.append(f"scanner {scanner.name}")
        real += [f"thermometer {t.name}" for t in self.thermometers if t.kind == "ds18b20"]
        return real


def _is_real_scanner(
    scanner: SerialScannerConfig | HidScannerConfig | CameraScannerConfig | SimulatedScannerConfig,
) -> bool:
    if isinstance(scanner, SerialScannerConfig):
        return not scanner.url.startswith(("loop://", "socket://", "/dev/pts/"))
    if isinstance(scanner, CameraScannerConfig):
        return isinstance(scanner.source, int)
    return isinstance(scanner, HidScannerConfig)

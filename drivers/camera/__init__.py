"""Camera scanning: frames from OpenCV (or files), decoded by pyzbar or zxing-cpp."""

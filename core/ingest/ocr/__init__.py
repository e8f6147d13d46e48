"""Offline OCR: page images → text in reading order, from a queue kept in SQLite.

engine.py owns rapidocr (an optional component: available() says whether it is installed);
order.py puts text boxes in reading order; worker.py recognises pages in a separate process with
time and memory limits; runner.py works the queue (the window's background task and `main.py ocr`).
"""

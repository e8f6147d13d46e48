# PyInstaller runtime hook (archivist.spec): the optional OCR component.
# The installer's "文字识别（OCR）" section installs _internal/_ocr/ (rapidocr, onnxruntime,
# numpy and their helpers as .pyc files, DLLs and models). When the folder is there, its packages
# become importable; when it is not, core.ingest.ocr.engine.available() is False and the program
# hides its OCR features. Runs at every start, so the OCR worker process sees the same.
import os
import sys

_ocr = os.path.join(sys._MEIPASS, "_ocr")
if os.path.isdir(os.path.join(_ocr, "rapidocr")):
    sys.path.append(_ocr)

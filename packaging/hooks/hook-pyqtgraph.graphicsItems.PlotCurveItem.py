# pyqtgraph loads Qt's OpenGL module with importlib, which the analysis cannot see.
hiddenimports = ["PySide6.QtOpenGL"]

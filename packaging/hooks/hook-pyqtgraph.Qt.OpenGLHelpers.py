# pyqtgraph loads Qt's OpenGL modules with importlib, which the analysis cannot see.
hiddenimports = ["PySide6.QtOpenGL", "PySide6.QtOpenGLWidgets"]

"""Drawing: DOT for Graphviz, SVG finishing, PNG/PDF, outline writers."""

"""The demo: a whole compliance year at national scale, built from the Ministry's 2025 report."""

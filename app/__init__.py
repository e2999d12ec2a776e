"""Autograd Explorer: run PyTorch autograd programs step by step and show the real graph."""

"""Tests, mirroring the packages of components/."""

// Placeholder: the benchmark is being written.
print("provider-bench: not written yet")

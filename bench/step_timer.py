"""Times a PyTorch training step the way gankit's benchmark times its own: warm-up steps first, then the
median wall time and the mean CPU time of the timed steps, in milliseconds. Shared by the benchmark's
PyTorch scripts (pytorch_dcgan.py, pytorch_translation.py)."""
import time


def time_steps(step, warmup, steps):
    """Runs `step` `warmup` times untimed, then `steps` times; returns (median ms, CPU ms per step)."""
    for _ in range(warmup):
        step()
    times = []
    cpu0 = time.process_time()
    for _ in range(steps):
        t = time.perf_counter()
        step()
        times.append((time.perf_counter() - t) * 1000)
    cpu_ms = (time.process_time() - cpu0) * 1000 / steps
    times.sort()
    return times[len(times) // 2], cpu_ms

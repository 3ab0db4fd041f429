"""PyTorch reference for `npm run bench`: the same GAN training steps as gankit's trainer in src/bench/suite.ts.

D step: G forward (no grad) on 64 codes, D forward/backward on 64 real + 64 fake, Adam(2e-4, 0.5, 0.999,
eps 1e-7 as tfjs). G step: G forward on 64 codes, D forward, gradients only for G's parameters (D's are frozen
so, as in tfjs, no D weight gradients are computed). BCE on logits. Prints one JSON line:
{"model": ..., "ms_per_step": (median wall), "cpu_ms_per_step": (mean process CPU time), "threads": ...}.
`--channels-last` runs the convolutional models in torch.channels_last memory format (the layout
oneDNN prefers; PyTorch's default is NCHW), so the benchmark can keep PyTorch's faster setting.
`--sample N` times sampling instead: G in eval mode under torch.no_grad() draws N images in batches of
`--batch` (what `gankit eval` does before scoring) and prints "images_per_s" (best of `--steps` rounds).

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_dcgan.py --model fashion --threads 1 --steps 20
"""
import time
import argparse
import json

import torch
from torch import nn
from step_timer import time_steps


def fashion():
    g = nn.Sequential(
        nn.Linear(100, 7 * 7 * 128),
        nn.Unflatten(1, (128, 7, 7)),
        nn.BatchNorm2d(128, eps=1e-3, momentum=0.01),
        nn.ConvTranspose2d(128, 64, 5, 2, 2, output_padding=1),
        nn.SELU(),
        nn.BatchNorm2d(64, eps=1e-3, momentum=0.01),
        nn.ConvTranspose2d(64, 1, 5, 2, 2, output_padding=1),
        nn.Tanh(),
    )
    d = nn.Sequential(
        nn.Conv2d(1, 64, 5, 2, 2),
        nn.LeakyReLU(0.2),
        nn.Dropout(0.4),
        nn.Conv2d(64, 128, 5, 2, 2),
        nn.LeakyReLU(0.2),
        nn.Dropout(0.4),
        nn.Flatten(),
        nn.Linear(7 * 7 * 128, 1),
    )
    return g, d, (1, 28, 28)


def classic(base):
    g = nn.Sequential(nn.Unflatten(1, (100, 1, 1)), nn.ConvTranspose2d(100, base * 8, 4, 1, 0, bias=False),
                      nn.BatchNorm2d(base * 8, eps=1e-3), nn.ReLU())
    c = base * 8
    for mult in (4, 2, 1):
        g.extend([nn.ConvTranspose2d(c, base * mult, 4, 2, 1, bias=False), nn.BatchNorm2d(base * mult, eps=1e-3),
                  nn.ReLU()])
        c = base * mult
    g.extend([nn.ConvTranspose2d(c, 3, 4, 2, 1), nn.Tanh()])
    d = nn.Sequential(nn.Conv2d(3, base, 4, 2, 1), nn.LeakyReLU(0.2))
    c = base
    for mult in (2, 4, 8):
        d.extend([nn.Conv2d(c, base * mult, 4, 2, 1, bias=False), nn.BatchNorm2d(base * mult, eps=1e-3),
                  nn.LeakyReLU(0.2)])
        c = base * mult
    d.extend([nn.Conv2d(c, 1, 4, 1, 0), nn.Flatten()])
    return g, d, (3, 64, 64)


def mlp():
    g = nn.Sequential(nn.Linear(100, 256), nn.LeakyReLU(0.2), nn.Linear(256, 512), nn.LeakyReLU(0.2),
                      nn.Linear(512, 784), nn.Tanh())
    d = nn.Sequential(nn.Linear(784, 512), nn.LeakyReLU(0.2), nn.Linear(512, 256), nn.LeakyReLU(0.2),
                      nn.Linear(256, 1))
    return g, d, (784,)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="fashion", choices=["fashion", "classic", "mlp"])
    ap.add_argument("--channels", type=int, default=32)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--channels-last", action="store_true")
    ap.add_argument("--sample", type=int, default=0)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    g, d, shape = {"fashion": fashion, "classic": lambda: classic(a.channels), "mlp": mlp}[a.model]()
    layout = torch.channels_last if a.channels_last and len(shape) == 3 else torch.contiguous_format
    g, d = g.to(memory_format=layout), d.to(memory_format=layout)
    if a.sample:
        sample(g, a, layout)
        return
    opt_g = torch.optim.Adam(g.parameters(), 2e-4, betas=(0.5, 0.999), eps=1e-7)
    opt_d = torch.optim.Adam(d.parameters(), 2e-4, betas=(0.5, 0.999), eps=1e-7)
    bce = nn.BCEWithLogitsLoss()
    b = a.batch
    real = (torch.rand(b, *shape) * 2 - 1).contiguous(memory_format=layout) if len(shape) == 3 else torch.rand(b, *shape) * 2 - 1
    ones, zeros = torch.ones(b, 1), torch.zeros(b, 1)

    def step():
        z = torch.randn(b, 100)
        with torch.no_grad():
            fake = g(z)
        opt_d.zero_grad(set_to_none=True)
        d_loss = bce(d(real), ones) + bce(d(fake), zeros)
        d_loss.backward()
        opt_d.step()
        d.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        g_loss = bce(d(g(torch.randn(b, 100))), ones)
        g_loss.backward()
        opt_g.step()
        d.requires_grad_(True)
        return d_loss.item(), g_loss.item()

    median_ms, cpu_ms = time_steps(step, a.warmup, a.steps)
    print(json.dumps({"model": a.model, "ms_per_step": median_ms, "cpu_ms_per_step": cpu_ms,
                      "threads": a.threads, "channels_last": layout is torch.channels_last}))


def sample(g, a, layout):
    """Images per second of G drawing a.sample images in batches of a.batch (eval mode, no autograd)."""
    g.eval()
    best = 0.0
    with torch.no_grad():
        for round_ in range(a.warmup + a.steps):
            t = time.perf_counter()
            for start in range(0, a.sample, a.batch):
                g(torch.randn(min(a.batch, a.sample - start), 100)).contiguous()
            rate = a.sample / (time.perf_counter() - t)
            if round_ >= a.warmup:
                best = max(best, rate)
    print(json.dumps({"model": a.model, "images_per_s": best, "threads": a.threads,
                      "channels_last": layout is torch.channels_last}))


if __name__ == "__main__":
    main()

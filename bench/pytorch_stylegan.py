"""PyTorch reference for `npm run bench`: the StyleGAN step of src/bench/stylegan.ts (preset stylegan-emoji,
32x32x3, batch 32), written the way the official code and stylegan2-ada-pytorch write it.

Networks (as src/models/stylegan/): mapping = pixel norm + 8 equalised dense 128 (lr multiplier 0.01) with
LeakyReLU 0.2; synthesis = learned 4x4 constant, per layer noise with per-channel scales, LeakyReLU, instance
norm (eps 1e-8) and the style x*(1 + y_s) + y_b from an equalised dense (gain 1), nearest 2x upsampling before
the first 3x3 conv of each block and the [1, 2, 1] blur after it, 1x1 toRGB (gain 1); channels nf(stage) =
min(256 / 2^stage, 64). D = 1x1 fromRGB, per resolution two 3x3 convs (the blur before the second) and a 2x2
average, minibatch stddev (group 4), 3x3 conv, dense nf(0), dense 1. Equalised LR everywhere (weights N(0, 1/lrmul^2) scaled by gain*lrmul/sqrt(fan_in) at run time).

Step: D on the real batch (with its input gradient kept for R1, one forward pass as stylegan2-ada's `Dboth`)
and on fakes from G (style mixing with probability 0.9, the tracked mean w updated), non-saturating loss +
R1 (gamma 1); then G through D (D frozen), non-saturating; then the EMA of G (0.999). Adam lr 0.002,
betas (0, 0.99), eps 1e-8. Prints one JSON line as bench/pytorch_dcgan.py.

Usage: OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/pytorch_stylegan.py --threads 1 --steps 6
"""
import argparse
import copy
import json
import math

import torch
import torch.nn.functional as F
from torch import nn
from step_timer import time_steps

LATENT, WDIM, MAPPING, RES_LOG2, GAMMA, MIX = 128, 128, 8, 5, 1.0, 0.9


def nf(stage):
    return min(int(256 / 2 ** stage), 64)


class EqLinear(nn.Module):
    def __init__(self, i, o, gain=math.sqrt(2), lrmul=1.0):
        super().__init__()
        self.w = nn.Parameter(torch.randn(o, i) / lrmul)
        self.b = nn.Parameter(torch.zeros(o))
        self.c, self.lrmul = gain * lrmul / math.sqrt(i), lrmul

    def forward(self, x):
        return F.linear(x, self.w * self.c, self.b * self.lrmul)


class EqConv(nn.Module):
    def __init__(self, i, o, k, gain=math.sqrt(2)):
        super().__init__()
        self.w = nn.Parameter(torch.randn(o, i, k, k))
        self.b = nn.Parameter(torch.zeros(o))
        self.c, self.pad = gain / math.sqrt(i * k * k), k // 2

    def forward(self, x):
        return F.conv2d(x, self.w * self.c, self.b, padding=self.pad)


def lrelu(x):
    return F.leaky_relu(x, 0.2)


class Epilogue(nn.Module):
    """Noise (B), LeakyReLU, AdaIN with the style A(w)."""

    def __init__(self, c):
        super().__init__()
        self.noise = nn.Parameter(torch.zeros(c))
        self.style = EqLinear(WDIM, 2 * c, gain=1)

    def forward(self, x, w):
        n, c, h, wd = x.shape
        x = lrelu(x + torch.randn(n, 1, h, wd) * self.noise.view(1, -1, 1, 1))
        x = F.instance_norm(x, eps=1e-8)
        s = self.style(w)
        return x * (s[:, :c, None, None] + 1) + s[:, c:, None, None]


class Generator(nn.Module):
    def __init__(self):
        super().__init__()
        self.mapping = nn.ModuleList(EqLinear(LATENT if i == 0 else WDIM, WDIM, lrmul=0.01) for i in range(MAPPING))
        self.const = nn.Parameter(torch.ones(1, nf(1), 4, 4))
        self.convs = nn.ModuleList([EqConv(nf(1), nf(1), 3)])
        self.epi = nn.ModuleList([Epilogue(nf(1)), Epilogue(nf(1))])
        for log2 in range(3, RES_LOG2 + 1):
            self.convs.extend([EqConv(nf(log2 - 2), nf(log2 - 1), 3), EqConv(nf(log2 - 1), nf(log2 - 1), 3)])
            self.epi.extend([Epilogue(nf(log2 - 1)), Epilogue(nf(log2 - 1))])
        self.to_rgb = EqConv(nf(RES_LOG2 - 1), 3, 1, gain=1)
        self.register_buffer("w_avg", torch.zeros(WDIM))
        self.layers = 2 * RES_LOG2 - 2

    def map(self, z):
        x = z * torch.rsqrt(z.pow(2).mean(1, keepdim=True) + 1e-8)
        for layer in self.mapping:
            x = lrelu(layer(x))
        return x

    def forward(self, z):
        w = self.map(z)
        self.w_avg.copy_(w.detach().mean(0).lerp(self.w_avg, 0.995))
        ws = [w] * self.layers
        if torch.rand(()) < MIX:
            cut = int(torch.randint(1, self.layers, ()))
            w2 = self.map(torch.randn_like(z))
            ws = ws[:cut] + [w2] * (self.layers - cut)
        x = self.epi[0](self.const.expand(z.shape[0], -1, -1, -1), ws[0])
        x = self.epi[1](self.convs[0](x), ws[1])
        for i in range(2, self.layers, 2):
            x = F.interpolate(x, scale_factor=2, mode="nearest")
            x = self.epi[i](blur(self.convs[i - 1](x)), ws[i])
            x = self.epi[i + 1](self.convs[i](x), ws[i + 1])
        return self.to_rgb(x)


_BLUR = torch.outer(torch.tensor([1.0, 2.0, 1.0]), torch.tensor([1.0, 2.0, 1.0])) / 16


def blur(x):
    # The official blur2d: [1, 2, 1] outer product, normalised, per channel (a grouped conv), zero padding.
    c = x.shape[1]
    return F.conv2d(x, _BLUR.to(x.dtype).reshape(1, 1, 3, 3).repeat(c, 1, 1, 1), padding=1, groups=c)


def minibatch_stddev(x, group=4):
    n, c, h, w = x.shape
    g = min(group, n)
    y = x.reshape(g, -1, c, h, w)
    y = torch.sqrt((y - y.mean(0)).pow(2).mean(0) + 1e-8).mean([1, 2, 3])
    return torch.cat([x, y.reshape(-1, 1, 1, 1).repeat(g, 1, h, w)], 1)


class Discriminator(nn.Module):
    def __init__(self):
        super().__init__()
        self.from_rgb = EqConv(3, nf(RES_LOG2 - 1), 1)
        self.blocks = nn.ModuleList(
            nn.ModuleList([EqConv(nf(r - 1), nf(r - 1), 3), EqConv(nf(r - 1), nf(r - 2), 3)])
            for r in range(RES_LOG2, 2, -1)
        )
        self.conv4 = EqConv(nf(1) + 1, nf(1), 3)
        self.dense0 = EqLinear(nf(1) * 16, nf(0))
        self.logit = EqLinear(nf(0), 1, gain=1)

    def forward(self, x):
        x = lrelu(self.from_rgb(x))
        for c0, c1 in self.blocks:
            x = F.avg_pool2d(lrelu(c1(blur(lrelu(c0(x))))), 2)
        x = lrelu(self.conv4(minibatch_stddev(x)))
        return self.logit(lrelu(self.dense0(x.flatten(1))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--warmup", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    g, d = Generator(), Discriminator()
    g_ema = copy.deepcopy(g).requires_grad_(False)
    opt_g = torch.optim.Adam(g.parameters(), 0.002, betas=(0, 0.99), eps=1e-8)
    opt_d = torch.optim.Adam(d.parameters(), 0.002, betas=(0, 0.99), eps=1e-8)
    b = a.batch
    real = torch.rand(b, 3, 32, 32) * 2 - 1

    def step():
        with torch.no_grad():
            fake = g(torch.randn(b, LATENT))
        opt_d.zero_grad(set_to_none=True)
        r = real.detach().requires_grad_(True)
        real_logits = d(r)
        (grad,) = torch.autograd.grad(real_logits.sum(), r, create_graph=True)
        r1 = GAMMA / 2 * grad.pow(2).sum([1, 2, 3]).mean()
        d_loss = F.softplus(-real_logits).mean() + F.softplus(d(fake)).mean() + r1
        d_loss.backward()
        opt_d.step()
        d.requires_grad_(False)
        opt_g.zero_grad(set_to_none=True)
        g_loss = F.softplus(-d(g(torch.randn(b, LATENT)))).mean()
        g_loss.backward()
        opt_g.step()
        d.requires_grad_(True)
        with torch.no_grad():
            for pe, p in zip(g_ema.parameters(), g.parameters()):
                pe.lerp_(p, 1 - 0.999)
            g_ema.w_avg.copy_(g.w_avg)
        return d_loss.item(), g_loss.item()

    median_ms, cpu_ms = time_steps(step, a.warmup, a.steps)
    print(json.dumps({"model": "stylegan", "ms_per_step": median_ms, "cpu_ms_per_step": cpu_ms,
                      "threads": a.threads}))


if __name__ == "__main__":
    main()

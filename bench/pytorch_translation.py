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
"""
import argparse
import functools
import json

import torch
from torch import nn


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--params', nargs=5, metavar=('KIND', 'H', 'W', 'C_IN', 'C_OUT'), required=True)
    parser.add_argument('--filters', type=int, default=64)
    parser.add_argument('--norm', choices=['batch', 'instance', 'none'])
    parser.add_argument('--dropout', type=float)
    parser.add_argument('--downs', type=int)
    parser.add_argument('--layers', type=int)
    parser.add_argument('--blocks', type=int)
    args = parser.parse_args()
    kind, h, w, c_in, c_out = args.params[0], *map(int, args.params[1:])
    net = build(kind, h, w, c_in, c_out, args.filters, args.norm, args.dropout, args.downs, args.layers,
                args.blocks)
    with torch.no_grad():
        shape = list(net.eval()(torch.zeros(1, c_in, h, w)).shape)
    params = sum(p.numel() for p in net.parameters() if p.requires_grad)
    print(json.dumps({'kind': kind, 'params': params, 'output_shape': shape}))


if __name__ == '__main__':
    main()

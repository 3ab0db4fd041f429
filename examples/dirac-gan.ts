/**
 * Which training methods converge? The Dirac GAN (Mescheder et al. 2018; seed 001 lists "Dirac GAN"
 * among the fixes of unstable training): data at 0, a generator that is a point θ, a linear D_ψ(x) = ψx.
 * Each method trains by plain gradient descent from θ = ψ = 1 (step 0.1), simultaneous and alternating
 * updates, through gankit's own losses and regularisers. Printed: where each ends, its distance to the
 * equilibrium (0, 0) and the verdict; the picture has one panel per method, θ across and ψ up, in
 * [−2, 2]² (top two rows simultaneous, bottom two alternating, methods in the printed order).
 *   npm run example -- dirac-gan [--steps N] [--out F.png] [--smoke]
 */
import { type DiracMethod, diracTrajectory, diracVerdict } from '../src/index.js';
import { writeFileAtomic } from '../src/util/fs.js';
import { exampleArgs, intArg, startBackend } from './lib/cli.js';
import { phasePortraitsPng } from './lib/plot.js';

const args = exampleArgs('dirac-gan [--steps N] [--out F.png] [--smoke]', { steps: { type: 'string' } });
const steps = intArg('steps', args.steps, args.smoke ? 300 : 500);
await startBackend();

const methods: Record<string, DiracMethod> = {
  'minimax (standard GAN)': { loss: 'minimax' },
  'non-saturating': { loss: 'non-saturating' },
  'WGAN, clip 0.3': { loss: 'wasserstein', clip: 0.3 },
  'WGAN-GP, target 0.3': { loss: 'wasserstein', regularizer: { name: 'gp', weight: 0.5, target: 0.3 } },
  hinge: { loss: 'hinge' },
  'least-squares': { loss: 'least-squares' },
  'non-saturating + instance noise 1': { loss: 'non-saturating', instanceNoise: 1 },
  'non-saturating + R1 0.3': { loss: 'non-saturating', regularizer: { name: 'r1', gamma: 0.3 } },
};

const colours: [number, number, number][] = [
  [200, 40, 40],
  [220, 120, 20],
  [120, 60, 180],
  [40, 90, 200],
  [140, 100, 60],
  [200, 60, 150],
  [20, 150, 140],
  [30, 140, 50],
];
const panels = [];
console.log(`${steps} steps of size 0.1 from θ = ψ = 1 (distance ${Math.SQRT2.toFixed(3)})`);
console.log('update        method                              final θ    final ψ   distance  verdict');
for (const update of ['simultaneous', 'alternating'] as const) {
  let k = 0;
  for (const [name, method] of Object.entries(methods)) {
    const path = diracTrajectory(method, { steps, update, seed: 1 });
    const [theta, psi, distance] = [path.theta[steps], path.psi[steps], path.distance[steps]];
    console.log(
      `${update.padEnd(13)} ${name.padEnd(34)} ${theta.toFixed(4).padStart(8)} ${psi.toFixed(4).padStart(10)} ` +
        `${distance.toExponential(2).padStart(10)}  ${diracVerdict(path)}`,
    );
    panels.push({ xs: path.theta, ys: path.psi, rgb: colours[k++] });
  }
}
const out = args.out ?? 'dirac-gan.png';
writeFileAtomic(out, phasePortraitsPng(panels, 2));
console.log(`phase portraits: ${out}`);

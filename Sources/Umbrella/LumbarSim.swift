// The umbrella module: `import LumbarSim` brings in every public module, so that a study written in Swift needs one
// import. Each module can still be imported alone (see Sources/<Module>/README.md for what each one owns).
@_exported import Analysis
@_exported import Cohort
@_exported import Credibility
@_exported import Course
@_exported import Device
@_exported import LumbarDatasets
@_exported import LumbarNumerics
@_exported import Physiology
@_exported import Plots
@_exported import Regimens
@_exported import Reporting
@_exported import RunOutput
@_exported import SamplingKernel
@_exported import Sensitivity
@_exported import Simulation
@_exported import StudySetup
@_exported import Trial

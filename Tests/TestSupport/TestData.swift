import Device
import LumbarDatasets
import Physiology

/// The bundled data files the tests build on, decoded once.
public enum TestData {
    public static let store: DatasetStore = { do { return try DatasetStore.locate() } catch { fatalError("\(error)") } }()
    public static let physiology: PhysiologyModel = { do { return try PhysiologyModel(store: store) } catch { fatalError("\(error)") } }()
    public static var torque: TorqueModel { physiology.torque }
    public static let device: DeviceSpec = {
        do { return try store.decode(DeviceSpec.self, from: "device/medx-lumbar-extension.yaml") } catch { fatalError("\(error)") }
    }()
    public static let trunkFatigue: FatigueParameters = {
        do { return try FatigueConstants.load(from: store).parameters } catch { fatalError("\(error)") }
    }()
}
